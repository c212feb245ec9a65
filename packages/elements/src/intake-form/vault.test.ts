import { AttuneError, lazyVault, openVault } from '@attune/core';
import { expect } from '@open-wc/testing';
import { openDB } from 'idb';

// The Vault runs here, in real Chromium, because it needs IndexedDB and WebCrypto as browsers have them.
let counter = 0;
const freshName = () => `attune-vault-test-${Date.now()}-${counter++}`;

async function rawRecords(name: string) {
  const db = await openDB(name, 1);
  const records = await db.getAll('sealed');
  const keys = await db.getAll('keys');
  db.close();
  return { records, keys };
}

describe('the sealed vault', () => {
  it('round-trips values and lists them by store', async () => {
    const vault = await openVault({ name: freshName() });
    await vault.put('drafts', 'a', { answer: 'calm', n: 3 });
    await vault.put('drafts', 'b', { answer: 'tired' });
    await vault.put('outbox', 'c', [1, 2]);
    expect(await vault.get('drafts', 'a')).to.deep.equal({ answer: 'calm', n: 3 });
    expect((await vault.list('drafts')).map((entry) => entry.id).sort()).to.deep.equal(['a', 'b']);
    await vault.delete('drafts', 'a');
    expect(await vault.get('drafts', 'a')).to.equal(undefined);
  });

  it('keeps only ciphertext in IndexedDB, under a non-extractable AES-GCM-256 key, with a fresh 96-bit IV per record', async () => {
    const name = freshName();
    const vault = await openVault({ name });
    await vault.put('drafts', 'a', { note: 'I feel hopeless' });
    await vault.put('drafts', 'b', { note: 'I feel hopeless' });
    const { records, keys } = await rawRecords(name);
    const key = keys[0] as CryptoKey;
    expect(key.extractable).to.equal(false);
    expect((key.algorithm as AesKeyAlgorithm).length).to.equal(256);
    expect(key.algorithm.name).to.equal('AES-GCM');
    let exported = false;
    try {
      await crypto.subtle.exportKey('raw', key);
      exported = true;
    } catch {
      exported = false;
    }
    expect(exported).to.equal(false);
    for (const record of records) {
      expect(record.iv.byteLength).to.equal(12);
      expect(new TextDecoder().decode(record.data)).not.to.include('hopeless');
    }
    expect(Array.from(records[0].iv)).not.to.deep.equal(Array.from(records[1].iv));
  });

  it('refuses a sealed record moved under another id (store and id are bound in)', async () => {
    const name = freshName();
    const vault = await openVault({ name });
    await vault.put('drafts', 'mine', { note: 'x' });
    const db = await openDB(name, 1);
    const record = await db.get('sealed', ['drafts', 'mine']);
    await db.put('sealed', { ...record, id: 'yours' });
    db.close();
    let error: unknown;
    try {
      await vault.get('drafts', 'yours');
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(AttuneError);
    expect((error as AttuneError).code).to.equal('vault/corrupt');
  });

  it('wipe() forgets the key and every record', async () => {
    const name = freshName();
    const vault = await openVault({ name });
    await vault.put('drafts', 'a', { note: 'x' });
    await vault.wipe();
    expect(await vault.get('drafts', 'a')).to.equal(undefined);
    const { records, keys } = await rawRecords(name);
    expect(records).to.have.length(0);
    expect(keys).to.have.length(0);
    await vault.put('drafts', 'b', { note: 'y' });
    expect(await vault.get('drafts', 'b')).to.deep.equal({ note: 'y' });
  });
});

describe('the lazy vault (the form\'s default)', () => {
  const exists = async (name: string) => (await indexedDB.databases()).some((database) => database.name === name);

  it('reads from a database that was never made find nothing, and do not make it', async () => {
    const name = freshName();
    const vault = lazyVault({ name });
    vault.prepare();
    expect(await vault.get('drafts', 'a')).to.equal(undefined);
    expect(await vault.list('drafts')).to.deep.equal([]);
    await vault.delete('drafts', 'a');
    expect(await exists(name)).to.equal(false);
  });

  it('finds a draft another connection saved, when prepared ahead and when not', async () => {
    const name = freshName();
    await (await openVault({ name })).put('drafts', 'a', { note: 'x' });
    const prepared = lazyVault({ name });
    prepared.prepare();
    expect(await prepared.get('drafts', 'a')).to.deep.equal({ note: 'x' });
    expect(await lazyVault({ name }).get('drafts', 'a')).to.deep.equal({ note: 'x' });
  });

  it('finds what was saved after a read found no database (the check is not kept)', async () => {
    const name = freshName();
    const vault = lazyVault({ name });
    vault.prepare();
    expect(await vault.get('drafts', 'a')).to.equal(undefined);
    await (await openVault({ name })).put('drafts', 'a', { note: 'from another tab' });
    expect(await vault.get('drafts', 'a')).to.deep.equal({ note: 'from another tab' });
    await vault.put('drafts', 'b', { note: 'y' });
    expect((await vault.list('drafts')).map((entry) => entry.id).sort()).to.deep.equal(['a', 'b']);
  });
});
