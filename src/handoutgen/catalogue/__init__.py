"""The catalogue page (output/index.html): every built PDF, found by title, language and layout."""
