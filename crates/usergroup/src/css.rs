//! Step 5: compile the theme's SCSS (plus site overrides) with grass into hashed CSS.
