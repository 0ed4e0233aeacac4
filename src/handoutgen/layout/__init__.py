"""Layout model: page, type, colours and running header/footer, parsed from layouts/<name>.yaml."""
