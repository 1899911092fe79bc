import { render } from 'preact';
import { Popup } from '@/components/Popup';
import { getDatabase } from '@/lib/db/database';
import { createLocalGlossary } from '@/lib/db/local-glossary';
import './style.css';

// The popup shares the extension origin, so it reads the database directly instead of messaging the background.
const app = document.getElementById('app');
if (app) render(<Popup data={createLocalGlossary(getDatabase())} />, app);
