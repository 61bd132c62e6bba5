// esbuild bundles .css imports as text (loader '.css': 'text'); the panel adds them under its nonce.
declare module '*.css' {
  const text: string;
  export default text;
}
