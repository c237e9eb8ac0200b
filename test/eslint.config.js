// ESLint flat config. It lives in test/ so the repository's top level stays as the brief lays it out;
// `npm run lint` passes it with --config (patterns are then relative to the repository root).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'cdk.out/**', 'local/.data/**', 'test/.artifacts/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['functions/**/*.ts'],
    rules: {
      'no-console': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@aws-sdk/client-dynamodb',
              importNames: ['ScanCommand'],
              message: 'Every read is a GetItem or a Query on a key or index.',
            },
            {
              name: '@aws-sdk/lib-dynamodb',
              importNames: ['ScanCommand', 'paginateScan'],
              message: 'Every read is a GetItem or a Query on a key or index.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['functions/**/*.handler.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@aws-sdk/*'], message: 'Handlers wire things up; SDK calls live in adapters.' },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read config in wiring.' },
      ],
    },
  },
  prettier,
);
