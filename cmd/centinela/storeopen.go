package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/centinela-aml/centinela/internal/store"
	"github.com/centinela-aml/centinela/internal/store/sqlite"
)

// openExistingStore opens a database that must already exist: commands that
// read one should not create an empty database from a mistyped path.
func openExistingStore(ctx context.Context, path string) (store.Store, error) {
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, usageError(fmt.Errorf("database %s does not exist: create it with \"centinela ingest --db %s …\"", path, path))
		}
		return nil, usageError(fmt.Errorf("database %s: %w", path, err))
	}
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	return st, nil
}
