// Independent check of Reintegra credentials with Digital Bazaar's libraries
// (jsonld-signatures + data-integrity + eddsa-jcs-2022-cryptosuite; vc-bitstring-status-list
// decodes the revocation list). Run by certificates/tests/test_standards.py.
// stdin:  {"credentials": [{...}, ...], "issuer": {...issuer profile = controller document...},
//          "statusList": {...BitstringStatusListCredential...} or null}
// stdout: {"results": [{"verified": bool, "error": str|null, "revoked": bool|null}, ...],
//          "statusListVerified": bool|null}
import jsigs from 'jsonld-signatures';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {createVerifyCryptosuite} from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import {contexts as credentialsContexts} from '@digitalbazaar/credentials-context';
import {decodeList} from '@digitalbazaar/vc-bitstring-status-list';

const {purposes: {AssertionProofPurpose}} = jsigs;

const input = JSON.parse(await new Promise(resolve => {
  let text = '';
  process.stdin.on('data', chunk => { text += chunk; });
  process.stdin.on('end', () => resolve(text));
}));
const issuer = input.issuer;

// Everything is resolved locally: the issuer document the test hands over, and the
// contexts the libraries ship. Nothing is fetched from the network.
const documentLoader = async url => {
  if(credentialsContexts.has(url)) {
    return {contextUrl: null, documentUrl: url, document: credentialsContexts.get(url)};
  }
  const method = (issuer.verificationMethod || []).find(m => m.id === url);
  if(method) {
    return {contextUrl: null, documentUrl: url,
      document: {'@context': issuer['@context'], ...method}};
  }
  if(url === issuer.id) {
    return {contextUrl: null, documentUrl: url, document: issuer};
  }
  throw new Error(`document loader: not available offline: ${url}`);
};

async function check(document) {
  const suite = new DataIntegrityProof({cryptosuite: createVerifyCryptosuite()});
  const result = await jsigs.verify(document, {
    suite, purpose: new AssertionProofPurpose({controller: issuer}), documentLoader
  });
  const errors = [];
  if(result.error) {
    for(const e of (result.error.errors || [result.error])) { errors.push(String(e.message || e)); }
  }
  return {verified: result.verified, error: errors.join('; ') || null};
}

const list = input.statusList ?
  await decodeList({encodedList: input.statusList.credentialSubject.encodedList}) : null;
const results = [];
for(const credential of input.credentials) {
  const result = await check(credential);
  result.revoked = list && credential.credentialStatus ?
    list.getStatus(Number(credential.credentialStatus.statusListIndex)) : null;
  results.push(result);
}
const statusListVerified = input.statusList ? (await check(input.statusList)).verified : null;
process.stdout.write(JSON.stringify({results, statusListVerified}) + '\n');
