"""The scan: the stages in order (discover, identify, enrich, store), what a scan may
skip (plan, scope) and what it is expected to cost (estimate)."""
