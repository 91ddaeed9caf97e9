// Épicerie Lavande: tarteaucitron in French whatever the browser's language.
var tarteaucitronForceLanguage = 'fr';
