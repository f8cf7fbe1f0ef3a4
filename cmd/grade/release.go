package main

// go run ./cmd/grade release DIR writes the repository a learner receives:
// every file of this repository (git's tracked and untracked-but-not-ignored
// files, or a walk of the tree outside git) except the instructor-only paths
// of releaseExclude: reference solutions, hidden tests, wrong implementations
// and the adversarial submissions, the tests that use them and the mutation
// report. The exercises keep their stubs and visible tests; notebooks,
// library, lab and the grader itself (which then grades with the visible tests
// only) are included. The instructor grades the learner's copy from the full
// repository: go run ./cmd/grade --submission DIR.

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
)

// releaseExclude lists what a learner never receives: a trailing slash is a
// directory, anything else a path.Match pattern on the slash-separated path.
var releaseExclude = []string{
	"solutions/",                  // reference solutions
	"cmd/grade/testdata/hidden/",  // hidden tests
	"tests/testdata/mutants/",     // wrong implementations (solutions with one bug)
	"tests/testdata/adversarial/", // adversarial submissions (honest controls are solutions)
	"tests/mutation/",             // mutation report, equivalent mutants, report generator
	"scripts/mutation.sh",         // mutation run over the solutions
	"tests/exercises*_test.go",    // tests that grade solutions and mutants
	"tests/grade*_test.go",        // tests of the grader with solutions and adversarial submissions
}

func excluded(rel string) bool {
	for _, ex := range releaseExclude {
		if strings.HasSuffix(ex, "/") {
			if strings.HasPrefix(rel+"/", ex) {
				return true
			}
			continue
		}
		if ok, _ := path.Match(ex, rel); ok {
			return true
		}
	}
	return false
}

func releaseMain(args []string) int {
	fl := flag.NewFlagSet("release", flag.ContinueOnError)
	root := fl.String("root", ".", "the full (instructor) repository")
	fl.Usage = func() {
		fmt.Fprintln(fl.Output(), "usage: go run ./cmd/grade release [--root DIR] DEST\n\nwrites the learner's repository to DEST (which must not exist or be empty); left out:")
		for _, ex := range releaseExclude {
			fmt.Fprintln(fl.Output(), "  "+ex)
		}
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() != 1 {
		fl.Usage()
		return 2
	}
	n, err := writeRelease(*root, fl.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "grade release:", err)
		return 1
	}
	fmt.Printf("wrote %d files to %s (left out: %s)\n", n, fl.Arg(0), strings.Join(releaseExclude, " "))
	return 0
}

// writeRelease copies the release files of root to dest and returns how many.
func writeRelease(root, dest string) (int, error) {
	root, err := filepath.Abs(root)
	if err != nil {
		return 0, err
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		return 0, fmt.Errorf("%s is not the repository root (no go.mod)", root)
	}
	if entries, err := os.ReadDir(dest); err == nil && len(entries) > 0 {
		return 0, fmt.Errorf("%s exists and is not empty", dest)
	}
	destAbs, err := filepath.Abs(dest)
	if err != nil {
		return 0, err
	}
	files, err := releaseFiles(root)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, rel := range files {
		if excluded(rel) {
			continue
		}
		src := filepath.Join(root, filepath.FromSlash(rel))
		dst := filepath.Join(destAbs, filepath.FromSlash(rel))
		if strings.HasPrefix(src+string(filepath.Separator), destAbs+string(filepath.Separator)) {
			continue // the destination inside the repository
		}
		fi, err := os.Lstat(src)
		if err != nil {
			continue // tracked but deleted in the work tree
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return n, err
		}
		switch {
		case fi.Mode()&os.ModeSymlink != 0:
			target, err := os.Readlink(src)
			if err != nil {
				return n, err
			}
			if err := os.Symlink(target, dst); err != nil {
				return n, err
			}
		case fi.Mode().IsRegular():
			b, err := os.ReadFile(src)
			if err != nil {
				return n, err
			}
			if err := os.WriteFile(dst, b, fi.Mode().Perm()); err != nil {
				return n, err
			}
		default:
			continue
		}
		n++
	}
	return n, nil
}

// releaseFiles lists the repository's files (slash-separated, relative to root):
// git's tracked and untracked-but-not-ignored files, or every file outside .git.
func releaseFiles(root string) ([]string, error) {
	if _, err := os.Stat(filepath.Join(root, ".git")); err == nil {
		cmd := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
		cmd.Dir = root
		if out, err := cmd.Output(); err == nil {
			seen := map[string]bool{}
			var files []string
			for _, f := range strings.Split(string(out), "\x00") {
				if f != "" && !seen[f] {
					seen[f] = true
					files = append(files, f)
				}
			}
			return files, nil
		}
	}
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(root, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	return files, err
}
