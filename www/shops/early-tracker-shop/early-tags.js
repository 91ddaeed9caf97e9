// Northwind Gadgets: tags loaded on every page view, before the consent banner has an answer.
demoTags.analytics('GTM-NORTHWIND');
demoTags.metaPixel('1003');
