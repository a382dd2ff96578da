// Crawler module: see STYLE.md.
