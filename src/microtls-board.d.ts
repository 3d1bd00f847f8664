// The build resolves this module to the profile of the board being bundled (rollup.config.js).
declare module 'microtls:board' {
  const board: import('./board').BoardProfile;
  export default board;
}
