package nll

import (
	"log"
	"strings"
)

func init() {
	line := strings.Repeat("x", 1023)
	for range 4096 {
		log.Print(line)
	}
}
