//go:build unix

package sqlite_test

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time the process has used so far (user and
// system). On a shared machine it varies less than wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
