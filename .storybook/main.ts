// Storybook for designers: every Attune element in every machine state, rendered from the
// TypeScript sources (the `source` export condition), with no addon that needs the network.
import type { StorybookConfig } from '@storybook/web-components-vite';
import { defaultClientConditions } from 'vite';

const config: StorybookConfig = {
  framework: { name: '@storybook/web-components-vite', options: {} },
  stories: ['../stories/**/*.stories.ts'],
  addons: [],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  async viteFinal(viteConfig) {
    return {
      ...viteConfig,
      resolve: { ...viteConfig.resolve, conditions: ['source', ...defaultClientConditions] },
    };
  },
};

export default config;
