// The dedicated ES5 pass (DESIGN.md section 4). It runs on the whole rendered bundle, after
// TypeScript and after dependencies are inlined, so nothing newer than ES5 reaches a device
// whatever TypeScript or a dependency emits. Babel puts its helpers at the top of the file;
// wrapping the result in one more function keeps them out of the engine's global scope.
import { transformAsync } from '@babel/core';
import * as acorn from 'acorn';

export function es5Downlevel({ globalName }) {
  return {
    name: 'microtls-es5',
    async renderChunk(code) {
      const out = await transformAsync(code, {
        babelrc: false,
        configFile: false,
        sourceType: 'script',
        compact: false,
        comments: true,
        presets: [['@babel/preset-env', {
          targets: { ie: '11' },
          forceAllTransforms: true,
          modules: false,
          loose: true,
          // typeof is ES5 already; wrapping every use in a Symbol-aware helper costs size.
          exclude: ['transform-typeof-symbol'],
        }]],
      });
      const wrapped = 'var ' + globalName + ' = (function () {\n' + out.code +
        '\nreturn ' + globalName + ';\n})();\n';
      return { code: wrapped, map: null };
    },
  };
}

/** Fails the build when the final bundle is not ES5 (ES5.1 syntax: what Duktape accepts). */
export function assertES5() {
  return {
    name: 'microtls-assert-es5',
    renderChunk(code, chunk) {
      try {
        acorn.parse(code, { ecmaVersion: 5, sourceType: 'script' });
      } catch (e) {
        const near = code.slice(Math.max(0, e.pos - 60), e.pos + 60);
        this.error(chunk.fileName + ' is not ES5: ' + e.message + ' near: ' + near);
      }
      // Engines without BigInt or generators cannot load code that names them (comments aside),
      // and Espruino 2v29 cannot parse a function expression opening a for initializer.
      let last = [];
      for (const token of acorn.tokenizer(code, { ecmaVersion: 5 })) {
        if (token.type.label === 'name' && (token.value === 'BigInt' || token.value === 'regeneratorRuntime')) {
          this.error(chunk.fileName + ' uses ' + token.value + ': a module that needs it was bundled');
        }
        last = [last[1], last[2], token.type.keyword || token.type.label];
        if (last[0] === 'for' && last[1] === '(' && last[2] === 'function') {
          this.error(chunk.fileName + ' has a function expression opening a for initializer at ' + token.start + ': Espruino cannot parse it');
        }
      }
      return null;
    },
  };
}
