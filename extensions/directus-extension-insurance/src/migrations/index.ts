// Every schema change after release 0.1.0, in order. Add one per change (and change
// snapshots/model.mjs the same way); never edit one that has shipped.
import type { Migration } from '../setup/migrate';
import { deleteRules } from './0001-delete-rules';
import { claimLineKinds } from './0002-claim-line-kinds';
import { staffAppMetadata } from './0003-staff-app-metadata';
import { noticeEmails } from './0004-notice-emails';
import { coveredIndexes } from './0005-covered-indexes';

export const migrations: Migration[] = [deleteRules, claimLineKinds, staffAppMetadata, noticeEmails, coveredIndexes];
