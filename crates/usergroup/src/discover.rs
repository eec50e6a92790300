//! Step 1: find the site's languages, the user-group content files and the theme.
