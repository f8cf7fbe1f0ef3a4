package experiments

import (
	"fmt"
	"html"
	"strings"
)

// Row is one measured row of a results table (notebook 07's selection guide).
type Row struct {
	Task, Loss, When, Measured string
}

// Record adds rows to the table called name, kept between the cells of one
// notebook run with Save/Load (so in the kernel's private temporary directory:
// two runs at once keep separate tables). A row with the Task and Loss of an
// existing row replaces it, so re-running a cell does not duplicate its rows.
func Record(name string, rows ...Row) error {
	var table []Row
	if err := Load(name, &table); err != nil && !strings.Contains(err.Error(), "nothing stored yet") {
		return err
	}
	for _, r := range rows {
		replaced := false
		for i := range table {
			if table[i].Task == r.Task && table[i].Loss == r.Loss {
				table[i], replaced = r, true
			}
		}
		if !replaced {
			table = append(table, r)
		}
	}
	return Save(name, table)
}

// Recorded returns the rows of the table called name, in the order they were first recorded.
func Recorded(name string) ([]Row, error) {
	var table []Row
	err := Load(name, &table)
	return table, err
}

// TableText formats rows as aligned text columns.
func TableText(rows []Row) string {
	w := [4]int{len("task"), len("loss"), len("when to use"), 0}
	for _, r := range rows {
		for i, f := range []string{r.Task, r.Loss, r.When} {
			w[i] = max(w[i], len([]rune(f)))
		}
	}
	pad := func(s string, n int) string { return s + strings.Repeat(" ", n-len([]rune(s))) }
	var b strings.Builder
	fmt.Fprintf(&b, "%s  %s  %s  %s\n", pad("task", w[0]), pad("loss", w[1]), pad("when to use", w[2]), "measured here (held-out data, mean ± sd over seeds)")
	for _, r := range rows {
		fmt.Fprintf(&b, "%s  %s  %s  %s\n", pad(r.Task, w[0]), pad(r.Loss, w[1]), pad(r.When, w[2]), r.Measured)
	}
	return b.String()
}

// TableHTML formats rows as an HTML table (escaped).
func TableHTML(rows []Row) string {
	var b strings.Builder
	b.WriteString("<table><tr><th>task</th><th>loss</th><th>when to use</th><th>measured here (held-out data, mean ± sd over seeds)</th></tr>")
	for _, r := range rows {
		fmt.Fprintf(&b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>", html.EscapeString(r.Task), html.EscapeString(r.Loss), html.EscapeString(r.When), html.EscapeString(r.Measured))
	}
	b.WriteString("</table>")
	return b.String()
}
