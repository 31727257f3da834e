// What the page is made of: the files the build ships (scripts/build.js copies exactly these into dist/)
// and the only files the backend serves. An allow-list: data/, server/, test/, package.json, dotfiles and
// anything else in the project are never served.
export const FRONT_END = ['index.html', 'src'];
