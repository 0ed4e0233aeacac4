"""Seeing what you write: ``--watch`` rebuilds on every save, ``--serve`` adds a local preview page.

watch.py    which files to watch, the rebuild loop, what each rebuild prints
server.py   the preview's HTTP server (127.0.0.1 only): the page, its state, page images, the output folder
page.*      the preview page itself
"""
