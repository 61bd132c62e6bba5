// Flat config: type-aware rules for every TypeScript file, one config for host, webview, sandbox and tests.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The cores: they never import 'vscode' (not even its types), so they run and are tested under plain Node
 * and the layer that needs VS Code stays thin (docs/architecture.md). A new core folder is added here.
 */
export const VSCODE_FREE = [
  'src/hopsworks/**/*.ts',
  'src/deployments/**/*.ts',
  'src/inferenceLog/**/*.ts',
  'src/protocol/**/*.ts',
  'src/features/**/*.ts',
  'src/replay/**/*.ts',
  'src/serverLogs/**/*.ts',
  'src/views/treeModel.ts',
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'out/**',
      'node_modules/**',
      '.vscode-test/**',
      'test-output/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: VSCODE_FREE,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'vscode',
              message:
                'This folder is a vscode-free core (docs/architecture.md): take what it needs as a parameter, or move the code to the thin VS Code layer.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['sandbox/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // Any number of ../ then the repository's src/: the extension's code, seen from the sandbox.
              regex: '^(\\.\\./)+src(/|$)',
              message:
                "The sandbox stands for the server and keeps its own types (sandbox/rest/serverTypes.ts); it never imports the extension's src/.",
            },
          ],
        },
      ],
    },
  },
  {
    // node:test's describe/it return promises the runner itself awaits.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'],
            },
          ],
        },
      ],
    },
  },
);
