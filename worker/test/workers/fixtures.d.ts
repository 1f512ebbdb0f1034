/** Vite inlines a fixture file as a base64 data URL (workerd has no file system to read it from). */
declare module '*.jpg?inline' {
  const dataUrl: string;
  export default dataUrl;
}
