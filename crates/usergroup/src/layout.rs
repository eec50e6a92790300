//! Where things are in a site: the one module that names the folders prep reads and writes
//! and the URLs it publishes under. Every other module and the tests import these.

/// The content section of the user-group page, below each language's content folder.
pub const SECTION: &str = "user-group";

/// The manifests' folder, relative to the site root (read by the layouts as
/// `hugo.Data.usergroup`).
pub const DATA_DIR: &str = "data/usergroup";
/// The content-addressed files' folder, relative to the site root.
pub const STATIC_DIR: &str = "static/usergroup";
/// The cache folder (and the lock), relative to the site root.
pub const CACHE_DIR: &str = ".usergroup-cache";
/// The folders prep owns: it writes and deletes nowhere else.
pub const OWNED_DIRS: [&str; 3] = [DATA_DIR, STATIC_DIR, CACHE_DIR];

/// URL prefix of the image variants in the built site (`static/usergroup/img`).
pub const IMG_URL: &str = "usergroup/img";
/// URL prefix of the stylesheet in the built site (`static/usergroup/css`).
pub const CSS_URL: &str = "usergroup/css";
/// URL prefix of the calendar feeds in the built site (`static/usergroup/cal`): stable names
/// (`<lang>.ics`, `<lang>/<id>.ics`), since people subscribe to them.
pub const CAL_URL: &str = "usergroup/cal";

/// Every temporary file prep makes starts with this; any left behind by a killed run is
/// removed by the next one.
pub const TEMP_PREFIX: &str = ".prep-tmp-";

/// The stylesheets' folder, relative to the site folder and to the theme folder. An import is
/// looked up in the site's first, then in the theme's (Hugo's merge of `assets/`), so a site
/// replaces any partial by writing a file at the same path.
pub const SCSS_DIR: &str = "assets/usergroup";
/// The theme's entry stylesheet, relative to the theme folder.
pub const THEME_ENTRY: &str = "assets/usergroup/usergroup.scss";
/// The site's variable overrides, relative to the site folder: it replaces the theme's empty
/// `_variables.scss`, which the entry imports in front of the `!default` tokens.
pub const SITE_OVERRIDES: &str = "assets/usergroup/_variables.scss";
