"""Storage behind one async protocol (`base.Store`), one module per backend."""
