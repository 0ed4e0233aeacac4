"""Content model: handout YAML parsed and validated into immutable objects."""
