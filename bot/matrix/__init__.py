"""Matrix transport (matrix-nio); the only package that imports nio."""
