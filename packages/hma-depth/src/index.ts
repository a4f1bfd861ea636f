export * from './web.js';
