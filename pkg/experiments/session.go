package experiments

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
)

// SessionEnv is the environment variable naming the directory that Save and Load
// use: GoNB sets it ($GONB_TMP_DIR) to a temporary directory private to one
// kernel, created when the kernel starts and removed when it stops.
const SessionEnv = "GONB_TMP_DIR"

var sessionName = regexp.MustCompile(`^[A-Za-z0-9_.-]+$`)

// sessionPath returns the file of name in the session directory.
func sessionPath(name string) (string, error) {
	dir := os.Getenv(SessionEnv)
	if dir == "" {
		return "", fmt.Errorf("experiments: $%s is not set: Save and Load keep results between the cells of one GoNB kernel", SessionEnv)
	}
	if !sessionName.MatchString(name) {
		return "", fmt.Errorf("experiments: session name %q must match %s", name, sessionName)
	}
	return filepath.Join(dir, "losscourse-"+name+".json"), nil
}

// Save stores v (JSON) under name for the later cells of the same notebook run.
// GoNB runs every cell as its own program, so an experiment computed in one cell
// and plotted or tabulated in another passes through here. The file lives in the
// kernel's own temporary directory ($GONB_TMP_DIR): two notebooks running at once
// (two learners, or the tests while the lab is open) never see each other's
// results, and nothing is left behind when the kernel stops. The write is atomic
// (a temporary file renamed into place).
func Save(name string, v any) error {
	path, err := sessionPath(name)
	if err != nil {
		return err
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("experiments.Save(%q): %w", name, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "losscourse-*.tmp")
	if err != nil {
		return fmt.Errorf("experiments.Save(%q): %w", name, err)
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("experiments.Save(%q): %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("experiments.Save(%q): %w", name, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("experiments.Save(%q): %w", name, err)
	}
	return nil
}

// Load reads what Save stored under name into v. The error says which cell to run
// first when nothing was stored.
func Load(name string, v any) error {
	path, err := sessionPath(name)
	if err != nil {
		return err
	}
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return fmt.Errorf("experiments.Load(%q): nothing stored yet in this kernel: run the cell that computes it first", name)
	}
	if err != nil {
		return fmt.Errorf("experiments.Load(%q): %w", name, err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("experiments.Load(%q): %w", name, err)
	}
	return nil
}
