//! The live dashboard: the page and its files on every admin mount, the journal's event
//! stream it follows, the read endpoints it shows (`/jobs` work, `/apis` credentials),
//! and a real headless Chromium driving it end to end (`browser`).

mod browser;
mod page;
mod sse;
mod stream;
mod webdriver;
mod work;
