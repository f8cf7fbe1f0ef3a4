package nll

import "testing"

func TestTask1Free(t *testing.T)       {}
func TestTask2Free(t *testing.T)       {}
func TestTask3Free(t *testing.T)       {}
func TestTask4Free(t *testing.T)       {}
func TestTask5Free(t *testing.T)       {}
func TestTask6Free(t *testing.T)       {}
func TestHiddenTask4Free(t *testing.T) {}
