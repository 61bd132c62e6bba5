// esbuild bundles `.css` imports as text (esbuild.js: loader { '.css': 'text' }).
declare module '*.css' {
  const text: string;
  export default text;
}
