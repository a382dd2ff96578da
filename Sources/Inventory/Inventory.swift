// Inventory module: see STYLE.md.
