module github.com/losscourse/losscourse/exercises

go 1.26.5

require github.com/losscourse/losscourse v0.0.0

replace github.com/losscourse/losscourse => ./fake
