// Package gbt trains and scores gradient-boosted decision trees for binary
// classification, in pure Go, and explains every score feature by feature.
//
// # Algorithm
//
// Boosting follows Friedman (2001, "Greedy function approximation: a
// gradient boosting machine"): start from the log-odds of the (weighted)
// positive share and add, round after round, a regression tree fitted to
// the logistic loss, shrunk by the learning rate. Each tree is built the
// way Chen & Guestrin (2016, "XGBoost: a scalable tree boosting system")
// describe: leaves take the Newton step −G/(H+λ) from the sums of
// gradients G and hessians H of their rows, and a split is worth
//
//	G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)
//
// (xgboost's scale, twice the paper's bracket), must exceed γ, and must
// leave each child a hessian sum of at least MinChildWeight. Missing
// values (NaN) are sent to whichever side gains more, learned per split
// (their sparsity-aware split finding); a split that saw no missing value
// sends them to the child with the larger hessian sum.
//
// Split search runs on histograms, as in LightGBM (Ke et al. 2017): every
// feature is cut into at most Bins (≤ 255) equal-frequency bins from a
// sample of at most 200,000 rows (features with few distinct values get a
// bin per value), rows are stored as one byte per feature, a node's
// histogram sums gradients per bin, and the larger child's histogram is its
// parent's minus the smaller child's. Histograms are built in parallel over
// fixed blocks of rows whose partial sums are added in a fixed order, so a
// seed gives the same model whatever the number of workers.
//
// Trees grow depth-wise by default (xgboost's "depthwise": every node of a
// level that gains is split, up to MaxDepth) or, when MaxLeaves is set,
// leaf-wise (LightGBM's best-first: the pending leaf of largest gain is
// split next, up to MaxLeaves leaves and MaxDepth). Rows (Subsample) and
// features (ColsampleByTree) can be sampled per tree from Seed; positives
// can be up-weighted (ScalePosWeight) and rows weighted. With a validation
// set, training records a metric per round (log-loss or average precision)
// and can stop early, keeping the best round's trees.
//
// # Scoring and explanations
//
// A Model scores rows of float32 features in the order of its feature
// names. Batch scoring walks a block of rows through each tree together,
// level by level, with comparisons turned into arithmetic, on GOMAXPROCS
// goroutines. Contributions computes exact SHAP values with the
// path-dependent TreeSHAP algorithm (Lundberg, Erion & Lee 2018, "Consistent
// individualized feature attribution for tree ensembles", Algorithm 2;
// Lundberg et al. 2020, Nature Machine Intelligence): for every row,
// margin = bias + Σ contributions, where bias is the model's expected
// margin. Explain lists the k largest contributions with their signs.
//
// # Files
//
// Save writes versioned JSON (FormatName, FormatVersion): feature names,
// parameters, base score, training record and the trees as parallel
// arrays; Load and Read check every index and number and never panic on a
// malformed file. The metrics the evaluators report (ROC-AUC, average
// precision, F1 at a threshold, the best-F1 threshold) are in package
// internal/detect/metrics.
package gbt
