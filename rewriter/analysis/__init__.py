"""The deterministic analyzer's parts; `rewriter.analyzer` is the public entry point."""
