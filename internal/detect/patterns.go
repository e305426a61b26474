package detect

// PatternConfig parameterises the structural pattern miners: CYCLE,
// SCATTER-GATHER, GATHER-SCATTER, BIPARTITE, STACK and RANDOM. They watch
// Config.PatternWindow.
type PatternConfig struct {
	// Off disables the structural miners.
	Off bool
}

func (p PatternConfig) withDefaults() (PatternConfig, error) { return p, nil }
