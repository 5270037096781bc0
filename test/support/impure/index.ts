/** An impure operation that lives in a file named index.ts (users' code often does). */
import { defineOperation } from '../../../src/index.js';

export const roll = defineOperation('roll', (state) => ({ ...state, dice: Math.random() }));
