import { mountPage } from '../components/mount';
import { SignedIn } from '../components/SignIn';
import { ImportPage } from './ImportPage';

mountPage('import.title', 'import', <SignedIn><ImportPage /></SignedIn>);
