package experiments

import (
	"strings"
	"testing"
)

func TestRecord(t *testing.T) {
	t.Setenv(SessionEnv, t.TempDir())
	if _, err := Recorded("guide"); err == nil {
		t.Error("Recorded of an empty session: no error")
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(Record("guide", Row{"a", "x", "w", "1"}, Row{"a", "y", "w", "2"}))
	must(Record("guide", Row{"b", "x", "w", "3"}))
	must(Record("guide", Row{"a", "x", "w", "1 (re-run)"})) // a re-run replaces, never duplicates
	rows, err := Recorded("guide")
	must(err)
	if len(rows) != 3 || rows[0].Measured != "1 (re-run)" || rows[2].Task != "b" {
		t.Errorf("rows = %+v", rows)
	}
	if txt := TableText(rows); !strings.Contains(txt, "1 (re-run)") || strings.Count(txt, "\n") != 4 {
		t.Errorf("TableText:\n%s", txt)
	}
	if h := TableHTML([]Row{{"<b>", "x", "w", "1"}}); strings.Contains(h, "<b>") {
		t.Errorf("TableHTML does not escape: %s", h)
	}
}
