"""Process plumbing, apart from the domain code: forked workers, the garbage
collector's tuning for a whole-library run, and the named kill points of the tests."""
