package cases

import (
	"errors"

	"github.com/centinela-aml/centinela/internal/store"
)

// Domain errors. Every error the package returns for one of these cases
// wraps the sentinel, so that callers branch with errors.Is.
var (
	// ErrNotFound: the case (or the party an RFI names) does not exist.
	ErrNotFound = store.ErrNotFound
	// ErrConflict: the case changed since it was read, or an alert is in
	// another case; retry from a fresh read.
	ErrConflict = store.ErrConflict
	// ErrInvalidTransition: the case's state does not allow the move
	// (closing a case nobody reviewed, filing a SAR on a case that was not
	// escalated, changing a closed case).
	ErrInvalidTransition = errors.New("transition not allowed")
	// ErrInvalid: the request lacks something it needs (a user, a reason
	// for "SAR not required", a known RFI outcome, a note's text).
	ErrInvalid = errors.New("invalid request")
)
