package nll

import (
	"fmt"
	"os"
)

func init() {
	fmt.Print("debug: init")
	fmt.Fprint(os.Stderr, "debug: stderr")
}
