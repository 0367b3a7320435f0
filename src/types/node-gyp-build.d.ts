declare module "node-gyp-build" {
  function load(packageRoot: string): any
  namespace load {
    function path(packageRoot: string): string
  }
  export = load
}
