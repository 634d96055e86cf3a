"""The facade: ``Client`` and its namespaces, which bind the resource functions as methods."""
