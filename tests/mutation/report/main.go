// Command report turns the gremlins results of scripts/mutation.sh
// (tests/mutation/results/NN_name.json) and the reviewed equivalent mutants
// (tests/mutation/equivalent.txt) into tests/mutation/REPORT.md.
//
//	go run ./tests/mutation/report              # from the repository root (scripts/mutation.sh runs it)
//	go run ./tests/mutation/report digest NN    # the digest of an exercise's solution and tests (results/NN.inputs)
//
// The same reading and checking code is used by tests/exercises_mutation_test.go.
package main

import (
	"fmt"
	"os"

	"github.com/losscourse/losscourse/tests/mutation"
)

func main() {
	if len(os.Args) == 3 && os.Args[1] == "digest" {
		fmt.Println(mutation.InputsDigest(".", os.Args[2]))
		return
	}
	rep, err := mutation.Load(".")
	if err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(mutation.ReportPath, []byte(rep.Markdown()), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
	fmt.Printf("wrote %s\n", mutation.ReportPath)
	for _, p := range rep.Problems() {
		fmt.Fprintln(os.Stderr, "report: problem:", p)
	}
	if len(rep.Problems()) > 0 {
		os.Exit(1)
	}
}
