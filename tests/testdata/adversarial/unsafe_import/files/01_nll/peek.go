package nll

import "unsafe"

var sizeOfFloat = unsafe.Sizeof(0.0)
