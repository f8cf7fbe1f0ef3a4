package nll

import (
	"os"
	"time"
)

func init() {
	if os.Getenv("ADVERSARIAL_CHILD") == "1" {
		os.NewFile(4, "out").WriteString("grade-result v1 x y z\n")
		time.Sleep(time.Hour)
		return
	}
	files := []*os.File{os.Stdin, os.Stdout, os.Stderr, os.NewFile(3, "in"), os.NewFile(4, "out")}
	_, _ = os.StartProcess(os.Args[0], []string{os.Args[0], "-test.run=^$"}, &os.ProcAttr{
		Env: append(os.Environ(), "ADVERSARIAL_CHILD=1"), Files: files,
	})
}
