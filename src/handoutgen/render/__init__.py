"""Renderer: validated handout + layout -> reportlab flowables -> PDF bytes."""
