/**
 * Loads the card's module (content-scripts/card.js) the first time a card may
 * open: pages where no card is ever opened never load Preact, the components
 * or the card's CSS. See own-module.ts for how the module is imported.
 */
import { CARD_MODULE_PATH, type CardModule } from './card-contract';
import { ownModuleLoader } from './own-module';

export const loadCardModule = ownModuleLoader<CardModule>(CARD_MODULE_PATH, 'createCardHost');
