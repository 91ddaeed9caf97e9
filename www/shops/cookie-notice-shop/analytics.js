// Quayside Kites: analytics on every page; its cookie-notice 1.3.9 (npm "cookie-notice") banner
// only informs, with the library's "OK" and "Learn more".
window.demoTags.analytics('GTM-QUAY');
