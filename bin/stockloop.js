#!/usr/bin/env node
// The `stockloop` command. Sources are TypeScript, loaded through tsx's ESM hooks
// so that there is no separate build step between a checkout and a working CLI.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
