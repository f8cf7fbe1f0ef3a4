module github.com/losscourse/losscourse

go 1.26.5
