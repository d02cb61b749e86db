import { assertChromium } from './browser';

export default function globalSetup() {
  assertChromium();
}
